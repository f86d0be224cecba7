import type { ComponentChildren } from 'preact';
import { isAdmin, session, signOut } from '../api/session.ts';
import { cart } from '../cart.ts';
import { navigate } from '../router.ts';
import { useStore } from '../store.ts';
import { Link } from './link.tsx';

function NavLink({
  href,
  current,
  children,
}: {
  href: string;
  current: string;
  children: ComponentChildren;
}) {
  const active = href === '/' ? current === '/' : current.startsWith(href);
  return (
    <Link href={href} class="nav-link" {...(active ? { 'aria-current': 'page' as const } : {})}>
      {children}
    </Link>
  );
}

export function Layout({ path, children }: { path: string; children: ComponentChildren }) {
  const current = useStore(session);
  const lines = useStore(cart);
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <Link href="/" class="brand">
          <span aria-hidden="true">◆</span> Northwind Shop
        </Link>
        <nav aria-label="Main">
          <NavLink href="/" current={path}>
            Catalog
          </NavLink>
          <NavLink href="/cart" current={path}>
            Cart <span class="count">{count}</span>
            <span class="visually-hidden"> items</span>
          </NavLink>
          {current ? (
            <NavLink href="/orders" current={path}>
              Orders
            </NavLink>
          ) : null}
          {isAdmin(current) ? (
            <NavLink href="/ops" current={path}>
              Operations
            </NavLink>
          ) : null}
        </nav>
        <div class="account">
          {current ? (
            <>
              <span class="who">{current.email}</span>
              <button
                type="button"
                class="button-quiet"
                onClick={() => void signOut().then(() => navigate('/'))}
              >
                Sign out
              </button>
            </>
          ) : (
            <>
              <Link href="/signin" class="nav-link">
                Sign in
              </Link>
              <Link href="/signup" class="button button-small">
                Create account
              </Link>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <p>
          A reference shop: six services, a Kafka saga, one gateway. API documentation at{' '}
          <a href="/docs">/docs</a>.
        </p>
      </footer>
    </>
  );
}
