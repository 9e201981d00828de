// /tokens (ADMIN): API tokens, a form to create one whose secret is shown once, and revocation.
import { useState } from 'react';
import { useQuery } from 'urql';
import { Title2 } from '@fluentui/react-components';
import { ApiTokensQuery } from '../api/operations';
import { CreateTokenForm } from '../accounts/CreateTokenForm';
import { NewTokenDialog } from '../accounts/NewTokenDialog';
import { TokensTable } from '../accounts/TokensTable';
import { Panel } from '../components/Panel';
import { Notice } from '../components/Notice';
import type { NoticeValue } from '../components/Notice';
import { LoadingView } from '../components/LoadingView';
import { ErrorView } from '../components/ErrorView';
import { EmptyState } from '../components/EmptyState';

/** An empty list holds no ApiToken for the document cache to see; name the type so new tokens refresh it. */
const TOKENS_CONTEXT = { additionalTypenames: ['ApiToken'] };

export function TokensPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ApiTokensQuery, context: TOKENS_CONTEXT });
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  // A new form after each token, so no state keeps the secret once its dialog closes.
  const [formKey, setFormKey] = useState(0);
  const tokens = data?.apiTokens ?? [];

  const onCreated = (secret: string, name: string) => {
    setCreated({ name, secret });
    setFormKey((n) => n + 1);
  };

  return (
    <>
      <Title2 as="h1" style={{ margin: 0 }}>
        API tokens
      </Title2>
      {notice && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
      <Panel title="Create a token">
        <CreateTokenForm key={formKey} onCreated={onCreated} focusName={formKey > 0 && created === null} />
      </Panel>
      <Panel title="Tokens">
        {error && <ErrorView error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
        {fetching && !data && <LoadingView label="Loading tokens…" />}
        {data && tokens.length === 0 && <EmptyState>No API tokens.</EmptyState>}
        {tokens.length > 0 && <TokensTable tokens={tokens} onRevoked={setNotice} />}
      </Panel>
      <NewTokenDialog created={created} onClose={() => setCreated(null)} />
    </>
  );
}
