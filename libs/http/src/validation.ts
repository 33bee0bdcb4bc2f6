import { ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { validationFailed, type FieldProblem } from '@gomart/contracts';

const common = {
  whitelist: true,
  transform: true,
  // One problem per field: `limit=abc` is "not an integer", not also "below 1" and "above 100".
  stopAtFirstError: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors: ValidationError[]) => validationFailed(flatten(errors)),
};

/**
 * Bodies, query strings and internal messages are validated against their DTO classes.
 * Unknown fields of a body or message are rejected (not silently dropped), so a client
 * sending `price` learns it is not accepted; unknown query parameters are ignored, because
 * links carry tracking parameters (`utm_source`) that must not break a page. Bad values of
 * known parameters are refused either way.
 */
export function createValidationPipe(): PipeTransform {
  const strict = new ValidationPipe({ ...common, forbidNonWhitelisted: true });
  const lenient = new ValidationPipe({ ...common, forbidNonWhitelisted: false });
  return {
    transform: (value: unknown, metadata: ArgumentMetadata) => (metadata.type === 'query' ? lenient : strict).transform(value, metadata),
  };
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
