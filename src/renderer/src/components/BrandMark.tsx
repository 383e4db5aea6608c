import { Group, Image, Text } from '@mantine/core';
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
