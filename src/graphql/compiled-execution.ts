import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

// Compiled execution: each operation is compiled once by graphql-jit into a
// function that resolves its selections without the general executor's
// per-field bookkeeping; the result is the same as graphql-js's.
//
// Compiled per document *and* operation name: a document with several
// operations runs the one the request names. Variables are coerced by
// graphql-js first, so a bad value gets graphql-js's error (with the
// scalar's own message, e.g. which format a Date takes) rather than
// graphql-jit's generic "Expected type Date.".

type Compiled = CompiledQuery<Record<string, unknown>, Record<string, unknown>>;

const compiled = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Compiled | null>>>();

/** The compiled operation, or null when graphql-jit cannot compile it (graphql-js runs it then). */
function compiledFor(args: ExecutionArgs): Compiled | null {
  let byDocument = compiled.get(args.schema);
  if (!byDocument) {
    byDocument = new WeakMap();
    compiled.set(args.schema, byDocument);
  }
  let byOperation = byDocument.get(args.document);
  if (!byOperation) {
    byOperation = new Map();
    byDocument.set(args.document, byOperation);
  }
  const name = args.operationName ?? '';
  let entry = byOperation.get(name);
  if (entry === undefined) {
    const result = compileQuery(args.schema, args.document, args.operationName ?? undefined);
    entry = isCompiledQuery(result) ? (result as Compiled) : null;
    byOperation.set(name, entry);
  }
  return entry;
}

export function executeCompiled(args: ExecutionArgs) {
  const query = compiledFor(args);
  const operation = query ? getOperationAST(args.document, args.operationName) : null;
  if (!query || !operation) return execute(args);
  const variables = getVariableValues(
    args.schema,
    operation.variableDefinitions ?? [],
    (args.variableValues ?? {}) as Record<string, unknown>,
  );
  if (variables.errors) return { errors: variables.errors } satisfies ExecutionResult;
  return query.query(args.rootValue, args.contextValue, args.variableValues) as
    | ExecutionResult
    | Promise<ExecutionResult>;
}

export function compiledExecutionPlugin(): Plugin {
  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(executeCompiled);
    },
  };
}
