// /login: signs in and returns to the page given by `next`.
import { useEffect } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { LoginMutation, SessionQuery } from '../api/operations';
import { errorCode, errorMessage } from '../api/errors';
import { isServerPage, safeNext } from '../lib/sessionRedirect';
import { useSession } from '../app/SessionProvider';
import { AuthForm } from '../components/AuthForm';
import { LoadingView } from '../components/LoadingView';

export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const { signIn } = useSession();
  const [{ data, fetching }] = useQuery({ query: SessionQuery });
  const [login, runLogin] = useMutation(LoginMutation);

  const signedIn = Boolean(data?.viewer);
  useEffect(() => {
    if (!signedIn) return;
    if (isServerPage(next)) window.location.assign(next);
    else navigate(next, { replace: true });
  }, [signedIn, next, navigate]);

  if (fetching && !data) return <LoadingView />;
  if (data?.setupRequired) return <Navigate to="/setup" replace />;
  if (signedIn) return <LoadingView label="Signing in…" />;

  const submit = async (username: string, password: string) => {
    const result = await runLogin({ username, password });
    if (result.data) signIn(result.data.login.token);
  };

  const error = login.error
    ? errorCode(login.error.graphQLErrors[0]) === 'UNAUTHENTICATED'
      ? 'Wrong username or password.'
      : errorMessage(login.error)
    : null;

  return <AuthForm title="Sign in to BanGUI" submitLabel="Sign in" busy={login.fetching} error={error} onSubmit={submit} />;
}
