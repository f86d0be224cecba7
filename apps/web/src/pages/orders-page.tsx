import { api } from '../api/client.ts';
import type { OrderPage } from '../api/types.ts';
import { Link } from '../components/link.tsx';
import { ErrorNotice, Loading, StatusBadge } from '../components/notices.tsx';
import { useAsync } from '../components/use-async.ts';
import { formatDateTime, formatMoney } from '../format.ts';

export function OrdersPage() {
  const orders = useAsync(() => api<OrderPage>('/api/orders?pageSize=50'), []);
  return (
    <div class="orders">
      <h1>Your orders</h1>
      <ErrorNotice error={orders.error} />
      {orders.loading && !orders.data ? <Loading what="your orders" /> : null}
      {orders.data && orders.data.items.length === 0 ? (
        <p class="empty">
          No orders yet. <Link href="/">Browse the catalog</Link>
        </p>
      ) : null}
      {orders.data && orders.data.items.length > 0 ? (
        <table class="table">
          <caption class="visually-hidden">Your orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Items</th>
              <th scope="col">Status</th>
              <th scope="col" class="number">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.data.items.map((order) => (
              <tr key={order.id}>
                <td>
                  <Link href={`/orders/${order.id}`} class="mono">
                    {order.id.slice(0, 8)}
                  </Link>
                </td>
                <td>{formatDateTime(order.createdAt)}</td>
                <td>{order.lines.reduce((sum, line) => sum + line.quantity, 0)}</td>
                <td>
                  <StatusBadge status={order.status} />
                </td>
                <td class="number">{formatMoney(order.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
