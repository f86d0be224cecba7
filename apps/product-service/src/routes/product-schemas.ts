import { Type } from 'typebox';
import { defaultLimit, maxLimit, maxOffset, maxSearchLength } from '../domain/list-query.ts';

export const Money = Type.Object(
  {
    amount: Type.Integer({
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Integer minor units (cents)',
    }),
    currency: Type.String({
      pattern: '^[A-Z]{3}$',
      description: 'ISO 4217 code',
      examples: ['EUR'],
    }),
  },
  { additionalProperties: false },
);

const sku = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
const name = Type.String({ minLength: 1, maxLength: 200 });
const description = Type.String({ maxLength: 4000 });
const category = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[a-z0-9][a-z0-9-]*$',
  description: 'Lower-case slug, e.g. peripherals',
});

export const Product = Type.Object({
  id: Type.String({ format: 'uuid' }),
  sku,
  name,
  description,
  category,
  price: Money,
  active: Type.Boolean({ description: 'Inactive products are not listed and cannot be ordered' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ProductParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CreateProductBody = Type.Object(
  {
    sku,
    name,
    description: Type.Optional(description),
    category,
    price: Money,
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const UpdateProductBody = Type.Object(
  {
    sku: Type.Optional(sku),
    name: Type.Optional(name),
    description: Type.Optional(description),
    category: Type.Optional(category),
    price: Type.Optional(Money),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListProductsQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: maxLimit,
        default: defaultLimit,
        description: 'Page size',
      }),
    ),
    offset: Type.Optional(
      Type.Integer({ minimum: 0, maximum: maxOffset, default: 0, description: 'Items to skip' }),
    ),
    category: Type.Optional(category),
    minPrice: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 2_147_483_647,
        description: 'Lowest price in minor units; needs currency',
      }),
    ),
    maxPrice: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 2_147_483_647,
        description: 'Highest price in minor units; needs currency',
      }),
    ),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' })),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: maxSearchLength,
        description:
          'Full-text search over name, category and description (web search syntax: words, "a phrase", -not, or)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ProductPage = Type.Object({
  items: Type.Array(Product),
  total: Type.Integer({ description: 'Products matching the filters' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
  nextOffset: Type.Optional(
    Type.Integer({ description: 'Offset of the next page; absent on the last page' }),
  ),
});

export const LookupBody = Type.Object(
  {
    ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: maxLimit }),
  },
  { additionalProperties: false },
);

export const LookupResult = Type.Object({
  items: Type.Array(Product, { description: 'Found products (active or not), in the order asked' }),
  missing: Type.Array(Type.String({ format: 'uuid' }), { description: 'Ids with no product' }),
});
