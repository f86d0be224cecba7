import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { Product, ProductPage, Stock } from '../api/types.ts';
import { TextField } from '../components/field.tsx';
import { Link } from '../components/link.tsx';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { useAsync } from '../components/use-async.ts';
import { formatMoney, parseMoneyInput } from '../format.ts';

function ProductEditor({ product, onSaved }: { product: Product; onSaved: () => void }) {
  const digits = 2;
  const [name, setName] = useState(product.name);
  const [price, setPrice] = useState((product.price.amount / 10 ** digits).toFixed(digits));
  const [active, setActive] = useState(product.active);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    const amount = parseMoneyInput(price, product.price.currency);
    if (amount === undefined) {
      setError(new Error(`“${price}” is not a price`));
      return;
    }
    try {
      await api(`/api/products/${product.id}`, {
        method: 'PATCH',
        body: { name, active, price: { amount, currency: product.price.currency } },
      });
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form class="form inline-form" onSubmit={save} aria-label={`Edit ${product.name}`}>
      <TextField
        id={`name-${product.id}`}
        label="Name"
        maxLength={200}
        required
        value={name}
        onValue={setName}
      />
      <TextField
        id={`price-${product.id}`}
        label={`Price (${product.price.currency})`}
        span="narrow"
        inputMode="decimal"
        value={price}
        onValue={setPrice}
      />
      <div class="field checkbox">
        <input
          id={`active-${product.id}`}
          type="checkbox"
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        <label for={`active-${product.id}`}>Listed</label>
      </div>
      <button type="submit" class="button button-small">
        Save product
      </button>
      {saved ? (
        <span class="hint" role="status">
          Saved
        </span>
      ) : null}
      <ErrorNotice error={error} />
    </form>
  );
}

function StockEditor({ productId, productName }: { productId: string; productName: string }) {
  const stock = useAsync(() => api<Stock>(`/api/inventory/${productId}`), [productId]);
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const adjust = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api(`/api/inventory/${productId}/adjustments`, {
        method: 'POST',
        body: { delta: Number(delta), reason },
      });
      setDelta('');
      setReason('');
      stock.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form
      class="form inline-form"
      onSubmit={adjust}
      aria-label={`Adjust the stock of ${productName}`}
    >
      <p class="stock-figures">
        {stock.data
          ? `${stock.data.onHand} on hand, ${stock.data.reserved} reserved, ${stock.data.available} available`
          : stock.error
            ? 'No stock record'
            : 'Loading stock…'}
      </p>
      <TextField
        id={`delta-${productId}`}
        label="Change"
        span="narrow"
        type="number"
        required
        value={delta}
        onValue={setDelta}
      />
      <TextField
        id={`reason-${productId}`}
        label="Reason"
        required
        maxLength={200}
        value={reason}
        onValue={setReason}
      />
      <button type="submit" class="button button-small">
        Adjust stock
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

export function OpsCatalogPage() {
  const products = useAsync(() => api<ProductPage>('/api/products?limit=100'), []);
  const [open, setOpen] = useState<string>();
  return (
    <div class="ops">
      <div class="page-head">
        <h1>Products and stock</h1>
        <Link href="/ops" class="button button-small">
          Back to operations
        </Link>
      </div>
      <ErrorNotice error={products.error} />
      {!products.data && !products.error ? <Loading what="products" /> : null}
      <ul class="admin-products">
        {(products.data?.items ?? []).map((product) => (
          <li key={product.id} class="panel">
            <div class="admin-product-head">
              <h2>{product.name}</h2>
              <span class="price">{formatMoney(product.price)}</span>
              <button
                type="button"
                class="button-quiet"
                aria-expanded={open === product.id}
                aria-controls={`edit-${product.id}`}
                onClick={() => setOpen(open === product.id ? undefined : product.id)}
              >
                {open === product.id ? 'Close' : 'Edit'}
                <span class="visually-hidden"> {product.name}</span>
              </button>
            </div>
            {open === product.id ? (
              <div id={`edit-${product.id}`}>
                <ProductEditor product={product} onSaved={products.reload} />
                <StockEditor productId={product.id} productName={product.name} />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
