import { useState } from 'preact/hooks';
import { signIn, signUp } from '../api/session.ts';
import { Link } from '../components/link.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { type Location, navigate } from '../router.ts';

/** Where to go after signing in: a path inside the app, never another site. */
function nextPath(location: Location): string {
  const next = location.query.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function useSubmit(action: () => Promise<unknown>, after: () => void) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await action();
      after();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

export function SignInPage({ location }: { location: Location }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit(
    () => signIn(email, password),
    () => navigate(nextPath(location), { replace: true }),
  );
  return (
    <div class="auth">
      <h1>Sign in</h1>
      <form class="form" onSubmit={submit}>
        <div class="field">
          <label for="email">Email</label>
          <input
            id="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <ErrorNotice error={error} />
        <button type="submit" class="button button-primary" aria-busy={busy}>
          Sign in
        </button>
      </form>
      <p>
        New here?{' '}
        <Link href={`/signup?next=${encodeURIComponent(nextPath(location))}`}>
          Create an account
        </Link>
      </p>
    </div>
  );
}

export function SignUpPage({ location }: { location: Location }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit(
    () => signUp(email, password, name),
    () => navigate(nextPath(location), { replace: true }),
  );
  return (
    <div class="auth">
      <h1>Create an account</h1>
      <form class="form" onSubmit={submit}>
        <div class="field">
          <label for="name">Name</label>
          <input
            id="name"
            autoComplete="name"
            maxLength={200}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="email">Email</label>
          <input
            id="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="new-password"
            required
            aria-describedby="password-hint"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <p id="password-hint" class="hint">
            At least 12 characters.
          </p>
        </div>
        <ErrorNotice error={error} />
        <button type="submit" class="button button-primary" aria-busy={busy}>
          Create account
        </button>
      </form>
      <p>
        Have an account?{' '}
        <Link href={`/signin?next=${encodeURIComponent(nextPath(location))}`}>Sign in</Link>
      </p>
    </div>
  );
}
