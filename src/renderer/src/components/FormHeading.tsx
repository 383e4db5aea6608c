import { Text, Title } from '@mantine/core';

/** A desk form's heading (its id names the section and the form) and, where it needs one, a grey hint under it. */
export function FormHeading({ id, title, hint, mb = 4 }: { id: string; title: string; hint?: string; mb?: number }) {
  return (
    <>
      <Title order={4} id={id} size="h5" mb={mb}>
        {title}
      </Title>
      {hint && (
        <Text size="sm" c="gray.7" mb={4}>
          {hint}
        </Text>
      )}
    </>
  );
}
