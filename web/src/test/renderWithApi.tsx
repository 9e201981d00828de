// Test helper: renders a page with a fake GraphQL client, a router, a theme and a signed-in account.
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { Provider } from 'urql';
import type { Client, GraphQLRequest } from 'urql';
import { fromValue, never } from 'wonka';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { OperationDefinitionNode } from 'graphql';
import { ViewerContext } from '../app/ViewerContext';
import type { Viewer } from '../app/ViewerContext';

export interface SentOperation {
  name: string;
  variables: Record<string, unknown>;
}

function operationName(request: GraphQLRequest): string {
  const definition = request.query.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return definition?.name?.value ?? '';
}

/** Renders `ui` with answers by operation name; returns the operations the page sent. */
export function renderWithApi(
  ui: ReactElement,
  { viewer, answers, route = '/' }: { viewer: Viewer; answers: Record<string, unknown>; route?: string },
) {
  const sent: SentOperation[] = [];
  const answer = (request: GraphQLRequest) => {
    const name = operationName(request);
    sent.push({ name, variables: (request.variables ?? {}) as Record<string, unknown> });
    return fromValue({ operation: request, data: answers[name], stale: false, hasNext: false });
  };
  const client = {
    executeQuery: answer,
    executeMutation: answer,
    executeSubscription: () => never,
  } as unknown as Client;
  const view = render(
    <FluentProvider theme={webLightTheme}>
      <MemoryRouter initialEntries={[route]}>
        <Provider value={client}>
          <ViewerContext.Provider value={viewer}>{ui}</ViewerContext.Provider>
        </Provider>
      </MemoryRouter>
    </FluentProvider>,
  );
  return { ...view, sent };
}

export const VIEWER: Viewer = { id: '1', username: 'vera', role: 'VIEWER' };
export const OPERATOR: Viewer = { id: '2', username: 'otto', role: 'OPERATOR' };
export const ADMIN: Viewer = { id: '3', username: 'ada', role: 'ADMIN' };
