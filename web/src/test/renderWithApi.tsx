// Test helper: renders a page with a fake GraphQL client, a router, a theme and a signed-in account.
import type { ReactElement } from 'react';
import { act, render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { CombinedError, Provider } from 'urql';
import type { Client, GraphQLRequest, OperationResult } from 'urql';
import { concat, fromPromise, fromValue, makeSubject, never, toPromise } from 'wonka';
import type { Subject } from 'wonka';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { OperationDefinitionNode } from 'graphql';
import { ViewerContext } from '../app/ViewerContext';
import type { Viewer } from '../app/ViewerContext';
import type { ErrorCode } from '../api/errorCodes';

export interface SentOperation {
  name: string;
  variables: Record<string, unknown>;
}

/** An answer that fails with a GraphQL error carrying `extensions.code`. */
export class ApiErrorAnswer {
  constructor(
    readonly message: string,
    readonly code: ErrorCode,
  ) {}
}

/** The server refusing an operation with `message` and the error code `code`. */
export function apiError(message: string, code: ErrorCode): ApiErrorAnswer {
  return new ApiErrorAnswer(message, code);
}

/**
 * The data of an answer, an error, or a function of the operation's variables returning either or a
 * promise of either (an answer that comes when the test says).
 */
export type Answer = unknown;

function operationName(request: GraphQLRequest): string {
  const definition = request.query.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return definition?.name?.value ?? '';
}

function valueOf(request: GraphQLRequest, answer: Answer): unknown {
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  return typeof answer === 'function' ? (answer as (v: Record<string, unknown>) => unknown)(variables) : answer;
}

function resultOf(request: GraphQLRequest, value: unknown): OperationResult {
  const base = { operation: request, stale: false, hasNext: false } as unknown as OperationResult;
  if (value instanceof ApiErrorAnswer) {
    return {
      ...base,
      data: undefined,
      error: new CombinedError({ graphQLErrors: [{ message: value.message, extensions: { code: value.code } }] }),
    };
  }
  return { ...base, data: value };
}

/**
 * Renders `ui` with answers by operation name; returns the operations the page sent and
 * `emit`, which delivers a subscription result to every open subscription of that name.
 */
export function renderWithApi(
  ui: ReactElement,
  { viewer, answers, route = '/' }: { viewer: Viewer; answers: Record<string, Answer>; route?: string },
) {
  const sent: SentOperation[] = [];
  const subscriptions: Array<{ name: string; request: GraphQLRequest; subject: Subject<OperationResult> }> = [];
  const record = (request: GraphQLRequest) => {
    const name = operationName(request);
    sent.push({ name, variables: (request.variables ?? {}) as Record<string, unknown> });
    return name;
  };
  const answer = (request: GraphQLRequest) => {
    const value = valueOf(request, answers[record(request)]);
    return value instanceof Promise
      ? fromPromise(value.then((settled: unknown) => resultOf(request, settled)))
      : fromValue(resultOf(request, value));
  };
  const client = {
    // A query stays open like the real client's, which matters to urql: ending it drops its error.
    executeQuery: (request: GraphQLRequest) => concat([answer(request), never]),
    executeMutation: answer,
    // A one-off read, as `client.query(…).toPromise()`.
    query: (query: GraphQLRequest['query'], variables?: Record<string, unknown>) => {
      const source = answer({ key: 0, query, variables: variables ?? {} });
      return Object.assign(source, { toPromise: () => toPromise(source) });
    },
    executeSubscription: (request: GraphQLRequest) => {
      const subject = makeSubject<OperationResult>();
      subscriptions.push({ name: record(request), request, subject });
      return subject.source;
    },
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
  const emit = (name: string, data: Answer) => {
    act(() => {
      for (const open of subscriptions.filter((s) => s.name === name)) {
        open.subject.next({ ...resultOf(open.request, valueOf(open.request, data)), hasNext: true });
      }
    });
  };
  return { ...view, sent, emit };
}

/** Shows the router's address (path and query), for tests of what a page keeps in it. */
export function CurrentAddress() {
  const { pathname, search } = useLocation();
  return <output data-testid="address">{`${pathname}${search}`}</output>;
}

/** The router's address as CurrentAddress shows it. */
export function currentAddress(): string | null {
  return document.querySelector('[data-testid="address"]')?.textContent ?? null;
}

/** The variables of each sent operation named `name`, in order. */
export function variablesOf(sent: readonly SentOperation[], name: string): Array<Record<string, unknown>> {
  return sent.filter((op) => op.name === name).map((op) => op.variables);
}

export const VIEWER: Viewer = { id: '1', username: 'vera', role: 'VIEWER' };
export const OPERATOR: Viewer = { id: '2', username: 'otto', role: 'OPERATOR' };
export const ADMIN: Viewer = { id: '3', username: 'ada', role: 'ADMIN' };
