import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { refreshSession, session } from './api/session.ts';
import { Layout } from './components/layout.tsx';
import { Link } from './components/link.tsx';
import { Loading } from './components/notices.tsx';
import { SignInPage, SignUpPage } from './pages/auth-pages.tsx';
import { CartPage } from './pages/cart-page.tsx';
import { CatalogPage } from './pages/catalog-page.tsx';
import { OpsCatalogPage } from './pages/ops-catalog-page.tsx';
import { OpsPage } from './pages/ops-page.tsx';
import { OrderPage } from './pages/order-page.tsx';
import { OrdersPage } from './pages/orders-page.tsx';
import { ProductPage } from './pages/product-page.tsx';
import { type Location, matchPath, useLocation } from './router.ts';
import { useStore } from './store.ts';

function NotFound() {
  return (
    <div>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link href="/">Back to the catalog</Link>
      </p>
    </div>
  );
}

function SignInFirst({ location }: { location: Location }) {
  return (
    <SignInPage location={{ ...location, query: new URLSearchParams({ next: location.path }) }} />
  );
}

/** Pages by path; those that need an account ask for one first (the API decides the rest). */
function page(location: Location, account: 'restoring' | 'signed-in' | 'signed-out') {
  const { path } = location;
  const needsAccount = (content: JSX.Element) =>
    account === 'signed-in' ? (
      content
    ) : account === 'restoring' ? (
      <Loading what="your session" />
    ) : (
      <SignInFirst location={location} />
    );
  if (path === '/') return { title: 'Catalog', content: <CatalogPage location={location} /> };
  const product = matchPath('/products/:id', path);
  if (product?.id) return { title: 'Product', content: <ProductPage id={product.id} /> };
  if (path === '/cart') return { title: 'Cart', content: <CartPage /> };
  if (path === '/signin') return { title: 'Sign in', content: <SignInPage location={location} /> };
  if (path === '/signup')
    return { title: 'Create an account', content: <SignUpPage location={location} /> };
  if (path === '/orders') return { title: 'Your orders', content: needsAccount(<OrdersPage />) };
  const order = matchPath('/orders/:id', path);
  if (order?.id) return { title: 'Order', content: needsAccount(<OrderPage id={order.id} />) };
  if (path === '/ops') return { title: 'Operations', content: needsAccount(<OpsPage />) };
  if (path === '/ops/catalog')
    return { title: 'Products and stock', content: needsAccount(<OpsCatalogPage />) };
  return { title: 'Not found', content: <NotFound /> };
}

export function App() {
  const location = useLocation();
  const signedIn = useStore(session) !== undefined;
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    // A reload keeps the session through the stored refresh token; public pages do not wait.
    void refreshSession()
      .catch(() => undefined)
      .then(() => setRestored(true));
  }, []);
  const current = page(location, signedIn ? 'signed-in' : restored ? 'signed-out' : 'restoring');
  useEffect(() => {
    document.title = `${current.title} · Northwind Shop`;
  }, [current.title]);
  return <Layout path={location.path}>{current.content}</Layout>;
}
