import { builder } from '../../graphql/builder.ts';
import { MUTATION_ERRORS } from '../../graphql/error-types.ts';

// Shared pieces of mutation fields: the typed-error options (a union of the
// payload and every error type), and the payload of a delete.

export function mutationErrors(field: string) {
  const name = field.charAt(0).toUpperCase() + field.slice(1);
  return { types: MUTATION_ERRORS, union: { name: `${name}Result` } };
}

export const DeletePayload = builder.objectRef<{ deletedId: string }>('DeletePayload').implement({
  description: 'What a delete removed.',
  fields: (t) => ({ deletedId: t.exposeID('deletedId', { description: 'Global ID of the removed entity.' }) }),
});
