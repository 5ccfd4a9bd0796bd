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
  type GraphQLNamedType,
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
import { clip } from './errors.ts';
import { inputLimitsPlugin } from './input-limits.ts';
import { listBoundOf } from './list-bounds.ts';
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

function isList(type: GraphQLOutputType): boolean {
  const inner = type instanceof GraphQLNonNull ? type.ofType : type;
  return inner instanceof GraphQLList;
}

const isConnectionType = (type: GraphQLNamedType) => type.name.endsWith('Connection');

/**
 * Cost = objects the response may hold. A connection multiplies its page
 * (edges and nodes count once per item each) by its size, as resolved from
 * variables; a plain list of objects by the bound it declares (list-bounds.ts);
 * scalar fields and lists of scalars ride along with their object. A list
 * without a declared bound cannot be priced, so the operation is refused.
 */
function pageEstimator({ field, args, childComplexity, type }: ComplexityEstimatorArgs): number {
  if (isLeafType(getNamedType(field.type))) return 0;
  if (isConnectionType(getNamedType(field.type))) {
    const first = typeof args.first === 'number' ? args.first : undefined;
    const last = typeof args.last === 'number' ? args.last : undefined;
    const size = Math.min(Math.max(first ?? last ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    return 1 + size * Math.max(childComplexity, 1);
  }
  if (!isList(field.type)) return 1 + childComplexity;
  // A page's edges and nodes: the connection above multiplies them by its size.
  if (isConnectionType(type) && (field.name === 'edges' || field.name === 'nodes')) return 1 + childComplexity;
  const bound = listBoundOf(field, args);
  if (bound === undefined) throw new Error(`The list ${type.name}.${field.name} declares no bound`);
  return bound * (1 + childComplexity);
}

/** Arguments the estimator reads: page sizes and what list bounds depend on (list-bounds.ts). */
const COST_ARGUMENTS = new Set(['first', 'last', 'ids', 'granularity', 'from', 'to', 'limit']);

/**
 * The variables a document's cost can depend on: those given to an argument
 * the estimator reads, or to a directive (@include/@skip drop subtrees).
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
      if (inDirective > 0 || COST_ARGUMENTS.has(node.name.value)) names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}

/** Costs already computed, per document (kept while Yoga's parse cache keeps it) and per relevant variables. */
interface CostCache {
  variables: string[];
  costs: Map<string, number>;
}

/** Distinct variable combinations remembered per document. */
const MAX_COSTS_PER_DOCUMENT = 256;
/** A longer key (a huge variable) is priced every time rather than remembered. */
const MAX_CACHE_KEY_LENGTH = 1000;

/** A list counts by its length only (the ids given to `nodes`): the key stays small. */
const keyPart = (value: unknown) => (Array.isArray(value) ? { length: value.length } : (value ?? null));

function tooCostly(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLErrorClass(message, { extensions: { code: 'QUERY_TOO_COSTLY', ...extensions } });
}

/**
 * Why the estimator failed, as a refusal: bad input stays bad input (a
 * coded GraphQLError, e.g. too many ids); anything else means the cost is
 * unknown, and an operation of unknown cost does not run.
 */
function estimateFailure(error: unknown): GraphQLError {
  if (error instanceof GraphQLErrorClass && typeof error.extensions.code === 'string') return error;
  const reason = error instanceof Error ? error.message : String(error);
  if (/maximum allowed number of nodes/.test(reason)) {
    return tooCostly(
      'The operation is too large to estimate (more than 10,000 selections once its fragments are written out): ' +
        'send a smaller query',
    );
  }
  return tooCostly(`The cost of this operation could not be estimated, so it is refused: ${clip(reason)}`);
}

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
    const key = JSON.stringify([operationName ?? null, ...cache.variables.map((name) => keyPart(variables[name]))]);
    const known = cache.costs.get(key);
    if (known !== undefined) return known;
    const cost = getComplexity({
      schema,
      query: document,
      variables,
      ...(operationName ? { operationName } : {}),
      estimators: [pageEstimator],
    });
    if (key.length <= MAX_CACHE_KEY_LENGTH) {
      if (cache.costs.size >= MAX_COSTS_PER_DOCUMENT) cache.costs.clear();
      cache.costs.set(key, cost);
    }
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
      } catch (error) {
        setResultAndStopExecution({ errors: [estimateFailure(error)] });
        return;
      }
      if (!Number.isFinite(cost) || cost > maxCost) {
        setResultAndStopExecution({
          errors: [
            tooCostly(
              `Query cost ${cost} exceeds the limit of ${maxCost}: ask for smaller pages (first/last) or fewer nested lists`,
              { cost, limit: maxCost },
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
    // Inputs first: the estimate reads coerced, checked arguments.
    inputLimitsPlugin(),
    costPlugin(limits.maxCost),
  ];
  if (!limits.fieldSuggestions) plugins.push(blockFieldSuggestionsPlugin() as Plugin);
  if (!limits.introspection) plugins.push(noIntrospectionPlugin());
  return plugins;
}
