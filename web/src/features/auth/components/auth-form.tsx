import { useState, type FormEvent } from 'react';
import { Link, safeReturnPath, useNavigate, useSearchParams } from '@/lib/router';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-error';
import { ApiError } from '@/lib/api-client';
import { useSignIn, useSignUp } from '@/lib/auth';

function useAfterSignIn() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  return () => navigate(safeReturnPath(params.get('next')), { replace: true });
}

function AuthLayout({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="center-screen" id="main">
      <div className="card auth-card">
        <p className="brand" aria-hidden="true">
          <span className="brand-mark">✓</span> Judix
        </p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors : {};
}

export function SignInPage() {
  const signIn = useSignIn();
  const done = useAfterSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = fieldErrorsOf(signIn.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password }, { onSuccess: done });
  };
  const wrongCredentials = signIn.error instanceof ApiError && signIn.error.status === 401;
  return (
    <AuthLayout title="Sign in">
      <form className="form" onSubmit={submit} noValidate>
        <Field label="Email" error={errors.email}>
          <input
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
        <Field label="Password" error={errors.password}>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        {wrongCredentials ? (
          <p className="form-error" role="alert">
            That email and password do not match an account.
          </p>
        ) : (
          Object.keys(errors).length === 0 && <FormError error={signIn.error} />
        )}
        <button type="submit" className="button button-block" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-switch">
        New to Judix? <Link to={`/sign-up${window.location.search}`}>Create an account</Link>
      </p>
    </AuthLayout>
  );
}

export function SignUpPage() {
  const signUp = useSignUp();
  const done = useAfterSignIn();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = fieldErrorsOf(signUp.error);
  const conflict = signUp.error instanceof ApiError && signUp.error.status === 409;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signUp.mutate({ name: name.trim(), email: email.trim(), password }, { onSuccess: done });
  };
  return (
    <AuthLayout title="Create your account">
      <form className="form" onSubmit={submit} noValidate>
        <Field label="Name" error={errors.name}>
          <input
            autoComplete="name"
            required
            maxLength={80}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field
          label="Email"
          error={
            conflict ? (
              <>
                An account with this email exists.{' '}
                <Link to={`/sign-in${window.location.search}`}>Sign in instead</Link>
              </>
            ) : (
              errors.email
            )
          }
        >
          <input
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
        <Field
          label="Password"
          hint="At least 8 characters; avoid common passwords"
          error={errors.password}
        >
          <input
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        {!conflict && Object.keys(errors).length === 0 && <FormError error={signUp.error} />}
        <button type="submit" className="button button-block" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p className="auth-switch">
        Already have an account? <Link to={`/sign-in${window.location.search}`}>Sign in</Link>
      </p>
    </AuthLayout>
  );
}
