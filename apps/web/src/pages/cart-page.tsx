import { useRef, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { session } from '../api/session.ts';
import type { Order } from '../api/types.ts';
import { cart, cartTotal, clearCart, setQuantity } from '../cart.ts';
import { Link } from '../components/link.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { formatMoney } from '../format.ts';
import { navigate } from '../router.ts';
import { useStore } from '../store.ts';

export function CartPage() {
  const lines = useStore(cart);
  const current = useStore(session);
  const [error, setError] = useState<unknown>();
  const [placing, setPlacing] = useState(false);
  // One key per checkout attempt of this cart: a double click, or a retry after a lost
  // answer, sends the same key and gets the same order back instead of a second one.
  const idempotencyKey = useRef(crypto.randomUUID());
  const total = cartTotal(lines);

  const checkout = async () => {
    if (placing) return;
    setPlacing(true);
    setError(undefined);
    try {
      const order = await api<Order>('/api/orders', {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey.current },
        body: { lines: lines.map(({ productId, quantity }) => ({ productId, quantity })) },
      });
      clearCart();
      idempotencyKey.current = crypto.randomUUID();
      navigate(`/orders/${order.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setPlacing(false);
    }
  };

  if (lines.length === 0) {
    return (
      <div class="cart">
        <h1>Your cart</h1>
        <p class="empty">
          Your cart is empty. <Link href="/">Browse the catalog</Link>
        </p>
      </div>
    );
  }
  return (
    <div class="cart">
      <h1>Your cart</h1>
      <table class="table">
        <caption class="visually-hidden">Products in your cart</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Unit price</th>
            <th scope="col">Quantity</th>
            <th scope="col" class="number">
              Subtotal
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.productId}>
              <td>
                <Link href={`/products/${line.productId}`}>{line.name}</Link>
              </td>
              <td>{formatMoney(line.price)}</td>
              <td>
                <label class="visually-hidden" for={`qty-${line.productId}`}>
                  Quantity of {line.name}
                </label>
                <input
                  id={`qty-${line.productId}`}
                  class="quantity"
                  type="number"
                  min={0}
                  max={100}
                  value={line.quantity}
                  onChange={(event) => {
                    idempotencyKey.current = crypto.randomUUID();
                    setQuantity(line.productId, Number(event.currentTarget.value) || 0);
                  }}
                />
              </td>
              <td class="number">
                {formatMoney({ ...line.price, amount: line.price.amount * line.quantity })}
              </td>
            </tr>
          ))}
        </tbody>
        {total ? (
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td class="number total">{formatMoney(total)}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
      <ErrorNotice error={error} />
      <div class="actions">
        {current ? (
          <button
            type="button"
            class="button button-primary"
            onClick={checkout}
            aria-busy={placing}
          >
            {placing ? 'Placing your order…' : 'Place order'}
          </button>
        ) : (
          <p>
            <Link href="/signin?next=/cart" class="button button-primary">
              Sign in to check out
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}
