/** The shop's products. */
export interface Product {
  sku: string;
  name: string;
  price: number;
}

export const PRODUCTS: readonly Product[] = [
  { sku: 'TEE-SUMMIT', name: 'Summit Tee', price: 19.99 },
  { sku: 'MUG-BASECAMP', name: 'Basecamp Mug', price: 12.5 },
];

export const productBySku = (sku: string): Product | undefined => PRODUCTS.find((product) => product.sku === sku);
