import { builder } from './builder.ts';
import { MUTATION_ERRORS } from './error-types.ts';

// Shared pieces of mutation fields: the typed-error options (a union of the
// payload and every error type), the inputs of a delete and a merge, and
// the payload of a delete.

export function mutationErrors(field: string) {
  const name = field.charAt(0).toUpperCase() + field.slice(1);
  return { types: MUTATION_ERRORS, union: { name: `${name}Result` } };
}

export const DeletePayload = builder.objectRef<{ deletedId: string }>('DeletePayload').implement({
  description: 'What a delete removed.',
  fields: (t) => ({ deletedId: t.exposeID('deletedId', { description: 'Global ID of the removed entity.' }) }),
});

export const IdInput = builder.inputType('DeleteInput', {
  fields: (t) => ({ id: t.id({ required: true, description: 'Global ID of what to delete.' }) }),
});

export const MergeInput = builder.inputType('MergeInput', {
  fields: (t) => ({
    source: t.id({ required: true, description: 'Merged away; its ID and slug keep resolving to the target.' }),
    target: t.id({ required: true, description: 'Kept.' }),
  }),
});
