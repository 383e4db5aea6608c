import { Group, Image, Text, Title } from '@mantine/core';
import { useBrand } from '../theme/brand-context';

/** The library's logo and name as the header shows them. The logo is decoration: the name is the text. */
export function BrandMark({ size = 'lg' }: { size?: 'md' | 'lg' | 'xl' }) {
  const brand = useBrand();
  return (
    <Group gap="xs" wrap="nowrap" className="brand-mark">
      {brand.logo ? <Image src={brand.logo} alt="" h={size === 'xl' ? 64 : 32} w="auto" /> : <span className="brand-dot" aria-hidden />}
      <Text fw={700} fz={size}>
        {brand.name}
      </Text>
    </Group>
  );
}

/** The staff screens' title: the library's mark, then what this screen is (the page's h1). */
export function BrandHeading({ id, title }: { id: string; title: string }) {
  return (
    <Group gap="lg" wrap="nowrap">
      <BrandMark />
      <Title order={1} id={id} size="h4" fw={500} c="gray.7">
        {title}
      </Title>
    </Group>
  );
}
