import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { ProductPage } from '../api/types.ts';
import { TextField } from '../components/field.tsx';
import { Link } from '../components/link.tsx';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { useAsync } from '../components/use-async.ts';
import { formatMoney, parseMoneyInput } from '../format.ts';
import { type Location, navigate } from '../router.ts';

const pageSize = 12;
const currency = 'EUR';

let firstRenderMarked = false;

/** Search, category and price range as the product service's query API takes them. */
function productQuery(query: URLSearchParams): string {
  const params = new URLSearchParams({ limit: String(pageSize) });
  for (const name of ['q', 'category', 'offset'] as const) {
    const value = query.get(name);
    if (value) params.set(name, value);
  }
  const min = parseMoneyInput(query.get('min') ?? '', currency);
  const max = parseMoneyInput(query.get('max') ?? '', currency);
  if (min !== undefined) params.set('minPrice', String(min));
  if (max !== undefined) params.set('maxPrice', String(max));
  if (min !== undefined || max !== undefined) params.set('currency', currency);
  return params.toString();
}

function useCategories(): string[] {
  const all = useAsync(() => api<ProductPage>('/api/products?limit=100'), []);
  return [...new Set((all.data?.items ?? []).map((product) => product.category))].sort();
}

export function CatalogPage({ location }: { location: Location }) {
  const search = location.query.toString();
  const products = useAsync(
    () => api<ProductPage>(`/api/products?${productQuery(location.query)}`),
    [search],
  );
  const categories = useCategories();
  const [form, setForm] = useState({
    q: location.query.get('q') ?? '',
    category: location.query.get('category') ?? '',
    min: location.query.get('min') ?? '',
    max: location.query.get('max') ?? '',
  });

  useEffect(() => {
    if (products.data && !firstRenderMarked) {
      firstRenderMarked = true;
      // The time from navigation start to the first products on screen (read by the tests).
      performance.mark('catalog-rendered');
    }
  }, [products.data]);

  const apply = (event: Event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(form))
      if (value.trim()) params.set(name, value.trim());
    navigate(params.size > 0 ? `/?${params}` : '/');
  };
  const offset = Number(location.query.get('offset') ?? 0);
  const pageTo = (next: number) => {
    const params = new URLSearchParams(location.query);
    if (next > 0) params.set('offset', String(next));
    else params.delete('offset');
    navigate(params.size > 0 ? `/?${params}` : '/');
  };

  return (
    <div class="catalog">
      <h1>Catalog</h1>
      <form class="filters" aria-label="Find products" onSubmit={apply}>
        <TextField
          id="q"
          label="Search"
          type="search"
          name="q"
          span="wide"
          maxLength={200}
          placeholder="keyboard, “usb c”, -cable"
          value={form.q}
          onValue={(q) => setForm({ ...form, q })}
        />
        <div class="field">
          <label for="category">Category</label>
          <select
            id="category"
            name="category"
            value={form.category}
            onChange={(event) => setForm({ ...form, category: event.currentTarget.value })}
          >
            <option value="">All categories</option>
            {categories.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="min"
          label="Min price (€)"
          name="min"
          span="narrow"
          inputMode="decimal"
          value={form.min}
          onValue={(min) => setForm({ ...form, min })}
        />
        <TextField
          id="max"
          label="Max price (€)"
          name="max"
          span="narrow"
          inputMode="decimal"
          value={form.max}
          onValue={(max) => setForm({ ...form, max })}
        />
        <button type="submit" class="button">
          Apply
        </button>
      </form>

      <ErrorNotice error={products.error} />
      {products.loading && !products.data ? <Loading what="products" /> : null}
      {products.data ? (
        <>
          <p class="result-count" aria-live="polite">
            {products.data.total} {products.data.total === 1 ? 'product' : 'products'}
          </p>
          {products.data.items.length === 0 ? (
            <p class="empty">Nothing matches these filters.</p>
          ) : (
            <ul class="product-grid">
              {products.data.items.map((product) => (
                <li key={product.id} class="product-card">
                  <span class="category">{product.category}</span>
                  <h2>
                    <Link href={`/products/${product.id}`}>{product.name}</Link>
                  </h2>
                  <p class="description">{product.description}</p>
                  <p class="price">{formatMoney(product.price)}</p>
                </li>
              ))}
            </ul>
          )}
          <nav class="pager" aria-label="Pages">
            <button
              type="button"
              class="button-quiet"
              disabled={offset === 0}
              onClick={() => pageTo(Math.max(0, offset - pageSize))}
            >
              Previous
            </button>
            <button
              type="button"
              class="button-quiet"
              disabled={products.data.nextOffset === undefined}
              onClick={() => pageTo(products.data?.nextOffset ?? offset)}
            >
              Next
            </button>
          </nav>
        </>
      ) : null}
    </div>
  );
}
