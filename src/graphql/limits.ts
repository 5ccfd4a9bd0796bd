import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  type DocumentNode,
  type GraphQLError,
  GraphQLError as GraphQLErrorClass,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isLeafType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  visit,
} from 'graphql';
import { type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.ts';

// Query limits for a cyclic, public graph (person → talks → event → talks →
// …). Every limit rejects the operation before any resolver or SQL runs,
// with a clear message and a stable extensions.code.

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Estimated objects a response may hold, page sizes read from variables too. */
  maxCost: number;
  /** "Did you mean …" suggestions (they leak the schema when introspection is off). */
  fieldSuggestions: boolean;
  introspection: boolean;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 8,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 50,
  maxCost: 100_000,
  fieldSuggestions: false,
  introspection: true,
};

function tag(code: string) {
  return (_context: unknown, error: GraphQLError) => {
    (error.extensions as Record<string, unknown>).code = code;
  };
}

/** A plain list of objects without paging arguments (a meetup's talks, a talk's speakers): a few. */
const BOUNDED_LIST_ESTIMATE = 5;

function isList(type: GraphQLOutputType): boolean {
  const inner = type instanceof GraphQLNonNull ? type.ofType : type;
  return inner instanceof GraphQLList;
}

/**
 * Cost = objects the response may hold: a connection multiplies its
 * children by its page size (first/last, as resolved from variables), a
 * plain list of objects by a fixed estimate; scalar fields are free.
 */
function pageEstimator({ field, args, childComplexity }: ComplexityEstimatorArgs): number | undefined {
  // Scalars and enums ride along with their object: only objects count.
  if (isLeafType(getNamedType(field.type))) return 0;
  const first = typeof args.first === 'number' ? args.first : undefined;
  const last = typeof args.last === 'number' ? args.last : undefined;
  const isConnection = getNamedType(field.type).name.endsWith('Connection');
  if (isConnection) {
    const size = Math.min(Math.max(first ?? last ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    return 1 + size * Math.max(childComplexity, 1);
  }
  if (isList(field.type)) return 1 + BOUNDED_LIST_ESTIMATE * childComplexity;
  return 1 + childComplexity;
}

/**
 * The variables a document's cost can depend on: those given to a `first`
 * or `last` argument, or to a directive (@include/@skip drop subtrees).
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  let inDirective = 0;
  visit(document, {
    Directive: {
      enter() {
        inDirective += 1;
      },
      leave() {
        inDirective -= 1;
      },
    },
    Argument(node) {
      if (node.value.kind !== Kind.VARIABLE) return;
      if (inDirective > 0 || node.name.value === 'first' || node.name.value === 'last') {
        names.add(node.value.name.value);
      }
    },
  });
  return [...names].sort();
}

/** Costs already computed, per document (kept while Yoga's parse cache keeps it) and per relevant variables. */
interface CostCache {
  variables: string[];
  costs: Map<string, number>;
}

/** Distinct page-size combinations remembered per document. */
const MAX_COSTS_PER_DOCUMENT = 256;

function costPlugin(maxCost: number): Plugin {
  const caches = new WeakMap<DocumentNode, CostCache>();
  const costOf = (
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown>,
    operationName: string | undefined,
  ) => {
    let cache = caches.get(document);
    if (!cache) {
      cache = { variables: costVariables(document), costs: new Map() };
      caches.set(document, cache);
    }
    const key = JSON.stringify([operationName ?? null, ...cache.variables.map((name) => variables[name] ?? null)]);
    const known = cache.costs.get(key);
    if (known !== undefined) return known;
    const cost = getComplexity({
      schema,
      query: document,
      variables,
      ...(operationName ? { operationName } : {}),
      estimators: [pageEstimator],
    });
    if (cache.costs.size >= MAX_COSTS_PER_DOCUMENT) cache.costs.clear();
    cache.costs.set(key, cost);
    return cost;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let cost: number;
      try {
        cost = costOf(
          args.schema,
          args.document,
          (args.variableValues ?? {}) as Record<string, unknown>,
          args.operationName ?? undefined,
        );
      } catch {
        // Variables the executor will reject anyway: let it report them.
        return;
      }
      if (cost > maxCost) {
        setResultAndStopExecution({
          errors: [
            new GraphQLErrorClass(
              `Query cost ${cost} exceeds the limit of ${maxCost}: ask for smaller pages (first/last) or fewer nested lists`,
              { extensions: { code: 'QUERY_TOO_COSTLY', cost, limit: maxCost } },
            ),
          ],
        });
      }
    },
  };
}

function noIntrospectionPlugin(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

export function limitPlugins(limits: QueryLimits): Plugin[] {
  const plugins: Plugin[] = [
    maxTokensPlugin({ n: limits.maxTokens, onReject: [tag('QUERY_TOO_LARGE')] }) as Plugin,
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, onReject: [tag('QUERY_TOO_DEEP')] }) as Plugin,
    maxAliasesPlugin({ n: limits.maxAliases, onReject: [tag('TOO_MANY_ALIASES')] }) as Plugin,
    maxDirectivesPlugin({ n: limits.maxDirectives, onReject: [tag('TOO_MANY_DIRECTIVES')] }) as Plugin,
    costPlugin(limits.maxCost),
  ];
  if (!limits.fieldSuggestions) plugins.push(blockFieldSuggestionsPlugin() as Plugin);
  if (!limits.introspection) plugins.push(noIntrospectionPlugin());
  return plugins;
}
