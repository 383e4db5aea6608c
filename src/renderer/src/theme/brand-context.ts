import { createContext, useContext } from 'react';
import { defaultBrand, type Brand } from './brand';

export const BrandContext = createContext<Brand>(defaultBrand);

/** The library's name, logo and colour, for headers. */
export function useBrand(): Brand {
  return useContext(BrandContext);
}
