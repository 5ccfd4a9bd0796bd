import { GraphQLError } from 'graphql';

// Errors a client caused and should see. Anything else thrown is masked by
// Yoga ("Unexpected error.") so no SQL or stack reaches a response.
export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) },
  });
}
