import {
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isInputObjectType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badUserInput, clip } from './errors.ts';

// Inputs are checked before anything runs: variables are coerced here (a
// coercion error is BAD_USER_INPUT and quotes at most a little of the
// value), and every string argument, at any depth of an input object or
// list, is refused when it holds a NUL character (PostgreSQL text cannot)
// or is longer than its cap. The error names the argument's path. The caps
// stop abuse; a mutation's own validation (a title of at most 300
// characters) is tighter where it has one and answers with a typed
// ValidationError.

/** Longest string accepted, by the name of the argument or input field holding it. */
const STRING_CAPS: Record<string, number> = {
  slug: 200,
  // Slugs or IDs naming another entity (filters and mutation inputs).
  company: 200,
  person: 200,
  series: 200,
  venue: 200,
  event: 200,
  speaker: 200,
  name: 300,
  title: 1000,
  role: 300,
  path: 1000,
  query: 500,
  after: 200,
  before: 200,
  description: 20_000,
  address: 2000,
  markdown: 1_000_000,
};
/** Any other string (takeaways, URLs, aliases…); IDs are shorter. */
const DEFAULT_STRING_CAP = 10_000;
const ID_CAP = 200;

function capFor(name: string, type: GraphQLInputType): number {
  return STRING_CAPS[name] ?? (getNamedType(type).name === 'ID' ? ID_CAP : DEFAULT_STRING_CAP);
}

/** The first string in `value` that breaks a rule, as a BAD_USER_INPUT error naming its path. */
function checkValue(value: unknown, type: GraphQLInputType, path: string[], name: string): GraphQLError | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return checkValue(value, nullable.ofType, path, name);
    for (let i = 0; i < value.length; i += 1) {
      const error = checkValue(value[i], nullable.ofType, [...path, String(i)], name);
      if (error) return error;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    for (const key of Object.keys(value as Record<string, unknown>)) {
      const fieldType = fields[key]?.type;
      if (!fieldType) continue;
      const error = checkValue((value as Record<string, unknown>)[key], fieldType, [...path, key], key);
      if (error) return error;
    }
    return null;
  }
  if (typeof value !== 'string') return null;
  const where = path.join('.');
  if (value.includes('\u0000')) {
    return badUserInput(`Argument "${where}" must not contain a NUL character (\\u0000)`, where);
  }
  const cap = capFor(name, type);
  if (value.length > cap) {
    return badUserInput(`Argument "${where}" must be at most ${cap} characters, got ${value.length}`, where);
  }
  return null;
}

function asBadInput(error: GraphQLError): GraphQLError {
  return new GraphQLError(clip(error.message), {
    nodes: error.nodes,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
}

/** Coerced variables, or the errors of coercing them. */
function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  raw: Record<string, unknown>,
): { coerced: Record<string, unknown> } | { errors: GraphQLError[] } {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 5 });
  return result.errors ? { errors: result.errors.map(asBadInput) } : { coerced: result.coerced };
}

/** The fragments an operation spreads, directly or through other fragments. */
function reachableFragments(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const byName = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) byName.set(definition.name.value, definition);
  }
  const reached = new Set<string>();
  const pending: ASTNode[] = [operation];
  while (pending.length > 0) {
    const node = pending.pop() as ASTNode;
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = byName.get(name);
        if (reached.has(name) || !fragment) return;
        reached.add(name);
        pending.push(fragment);
      },
    });
  }
  return reached;
}

/** A field of the operation that takes arguments, with its definition. */
interface ArgumentSite {
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
}

/**
 * The fields with arguments an operation runs (its own selections and the
 * fragments it reaches), in document order: found once per operation and
 * schema, since a document parsed once (Yoga's parse cache) keeps its nodes.
 */
const sitesByOperation = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; sites: ArgumentSite[] }>();

function argumentSites(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): ArgumentSite[] {
  const known = sitesByOperation.get(operation);
  if (known && known.schema === schema) return known.sites;
  const typeInfo = new TypeInfo(schema);
  const fragments = reachableFragments(document, operation);
  const sites: ArgumentSite[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      // Other operations of the document, and fragments only they use, do not run.
      OperationDefinition: (node) => (node === operation ? undefined : false),
      FragmentDefinition: (node) => (fragments.has(node.name.value) ? undefined : false),
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (field && node.arguments?.length) sites.push({ field, node });
      },
    }),
  );
  sitesByOperation.set(operation, { schema, sites });
  return sites;
}

/** Every field argument the operation uses, checked; the first problem found. */
function checkArguments(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): GraphQLError | null {
  for (const { field, node } of argumentSites(schema, document, operation)) {
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, node, variables);
    } catch (error) {
      return error instanceof GraphQLError ? asBadInput(error) : badUserInput(clip(String(error)));
    }
    for (const arg of field.args) {
      const found = checkValue(values[arg.name], arg.type, [arg.name], arg.name);
      if (found) return found;
    }
  }
  return null;
}

export function inputLimitsPlugin(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      if (!operation) return;
      const raw = (args.variableValues ?? {}) as Record<string, unknown>;
      const variables = coerceVariables(args.schema, operation, raw);
      if ('errors' in variables) {
        setResultAndStopExecution({ errors: variables.errors });
        return;
      }
      const problem = checkArguments(args.schema, args.document, operation, variables.coerced);
      if (problem) setResultAndStopExecution({ errors: [problem] });
    },
  };
}
