import { ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { validationFailed, type FieldProblem } from '@gomart/contracts';

const common = {
  whitelist: true,
  transform: true,
  // Every rule runs; `mainProblem` then reports one per field.
  stopAtFirstError: false,
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
    const own = error.constraints ? [{ field, problems: [mainProblem(error.constraints)] }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The rules that say what a value is, before those that say how big or which one it is:
 * `limit=abc` is "not an integer", not "greater than 100" (class-validator runs a property's
 * rules bottom-up, so the first failure it meets is whichever decorator sits lowest).
 */
const WHAT_IT_IS = ['whitelistValidation', 'isDefined', 'isInt', 'isNumber', 'isBoolean', 'isString', 'isArray', 'isObject', 'isCalendarDay'];

/** One problem per field, the most fundamental one. */
function mainProblem(constraints: Readonly<Record<string, string>>): string {
  const rule = WHAT_IT_IS.find((name) => name in constraints) ?? Object.keys(constraints)[0] ?? '';
  return constraints[rule] ?? 'is not valid';
}

