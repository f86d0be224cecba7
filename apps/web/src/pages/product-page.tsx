import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { ApiError } from '../api/problem.ts';
import type { Product, Stock } from '../api/types.ts';
import { addToCart } from '../cart.ts';
import { Link } from '../components/link.tsx';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { useAsync } from '../components/use-async.ts';
import { formatMoney } from '../format.ts';

const stockRetryMs = 3_000;

export function ProductPage({ id }: { id: string }) {
  const product = useAsync(() => api<Product>(`/api/products/${encodeURIComponent(id)}`), [id]);
  const stock = useAsync(() => api<Stock>(`/api/inventory/${encodeURIComponent(id)}`), [id]);
  // Stock that could not be read for a passing reason (a busy or restarting inventory service)
  // is asked for again; a 4xx answer stands.
  const stockRetryable =
    stock.error !== undefined && !(stock.error instanceof ApiError && stock.error.status < 500);
  useEffect(() => {
    if (!stockRetryable) return;
    const timer = setTimeout(stock.reload, stockRetryMs);
    return () => clearTimeout(timer);
  }, [stockRetryable, stock.error]);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(0);

  if (product.error) return <ErrorNotice error={product.error} />;
  if (!product.data) return <Loading what="the product" />;
  const item = product.data;
  const available = stock.data?.available;
  return (
    <article class="product-detail">
      <p class="breadcrumb">
        <Link href="/">Catalog</Link> /{' '}
        <Link href={`/?category=${item.category}`}>{item.category}</Link>
      </p>
      <h1>{item.name}</h1>
      <p class="sku">SKU {item.sku}</p>
      <p class="description">{item.description}</p>
      <p class="price price-large">{formatMoney(item.price)}</p>
      <p class="stock" aria-live="polite">
        {stock.error ? (
          <span class="stock-unknown">Stock unknown right now</span>
        ) : available === undefined ? (
          'Checking stock…'
        ) : available > 0 ? (
          <span class="stock-in">{available} in stock</span>
        ) : (
          <span class="stock-out">Out of stock</span>
        )}
      </p>
      <form
        class="add-to-cart"
        onSubmit={(event) => {
          event.preventDefault();
          addToCart({ productId: item.id, name: item.name, price: item.price }, quantity);
          setAdded((count) => count + quantity);
        }}
      >
        <div class="field field-narrow">
          <label for="quantity">Quantity</label>
          <input
            id="quantity"
            type="number"
            min={1}
            max={100}
            value={quantity}
            onInput={(event) => setQuantity(Math.max(1, Number(event.currentTarget.value) || 1))}
          />
        </div>
        <button type="submit" class="button" disabled={!item.active}>
          Add to cart
        </button>
      </form>
      {added > 0 ? (
        <p class="notice notice-ok" role="status">
          Added to your cart. <Link href="/cart">Go to the cart</Link>
        </p>
      ) : null}
    </article>
  );
}
