import { useState } from 'preact/hooks';
import { signIn, signUp } from '../api/session.ts';
import { TextField } from '../components/field.tsx';
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

/** Email and password; `purpose` tells password managers whether to fill or to suggest one. */
function CredentialFields(props: {
  email: string;
  onEmail(value: string): void;
  password: string;
  onPassword(value: string): void;
  purpose: 'current-password' | 'new-password';
}) {
  return (
    <>
      <TextField
        id="email"
        label="Email"
        value={props.email}
        onValue={props.onEmail}
        type="email"
        autoComplete="email"
        required
      />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete={props.purpose}
        required
        {...(props.purpose === 'new-password' ? { hint: 'At least 12 characters.' } : {})}
        value={props.password}
        onValue={props.onPassword}
      />
    </>
  );
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
        <CredentialFields
          email={email}
          onEmail={setEmail}
          password={password}
          onPassword={setPassword}
          purpose="current-password"
        />
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
        <TextField
          id="name"
          label="Name"
          value={name}
          onValue={setName}
          autoComplete="name"
          maxLength={200}
        />
        <CredentialFields
          email={email}
          onEmail={setEmail}
          password={password}
          onPassword={setPassword}
          purpose="new-password"
        />
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
