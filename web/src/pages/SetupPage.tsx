// /setup: creates the first ADMIN account while no account exists.
import { useEffect } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Text } from '@fluentui/react-components';
import { SessionQuery, SetupMutation } from '../api/operations';
import { errorMessage } from '../api/errors';
import { useSession } from '../app/SessionProvider';
import { AuthForm } from '../components/AuthForm';
import { LoadingView } from '../components/LoadingView';

export function SetupPage() {
  const navigate = useNavigate();
  const { signIn } = useSession();
  const [{ data, fetching }] = useQuery({ query: SessionQuery });
  const [setup, runSetup] = useMutation(SetupMutation);

  const signedIn = Boolean(data?.viewer);
  useEffect(() => {
    if (signedIn) navigate('/', { replace: true });
  }, [signedIn, navigate]);

  if (fetching && !data) return <LoadingView />;
  if (signedIn) return <LoadingView label="Signing in…" />;
  if (data && !data.setupRequired) return <Navigate to="/login" replace />;

  const submit = async (username: string, password: string) => {
    const result = await runSetup({ username, password });
    if (result.data) signIn(result.data.setup.token);
  };

  return (
    <AuthForm
      title="Set up BanGUI"
      intro={<Text as="p">Create the first administrator account.</Text>}
      submitLabel="Create account"
      busy={setup.fetching}
      error={setup.error ? errorMessage(setup.error) : null}
      confirmPassword
      onSubmit={submit}
    />
  );
}
