import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppError, FieldError } from '../errors/app-error';
import { IdParam } from './id-param';
import { cacheValidationMetadata } from './validation-metadata';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flatten(e.children ?? [], field));
  });
}

const LONE_SURROGATE = /\p{Cs}/u;

/** Why PostgreSQL would refuse this text (in text and jsonb columns), if it would. */
function textFault(text: string): string | null {
  if (text.includes('\u0000')) return 'contains U+0000';
  // A lone surrogate is no Unicode character: jsonb refuses its \ud800 escape. In a /u regex a
  // surrogate pair is one code point, so \p{Cs} matches only a surrogate standing alone.
  if (LONE_SURROGATE.test(text)) return 'contains a lone surrogate (not valid Unicode)';
  return null;
}

/** The fields whose text (or key) PostgreSQL would refuse, with why; at most 10. */
function textFaults(value: unknown, path: string, found: FieldError[], depth = 0): FieldError[] {
  if (found.length >= 10 || depth > 32) return found;
  if (typeof value === 'string') {
    const fault = textFault(value);
    if (fault) found.push({ field: path || 'value', message: fault });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => textFaults(v, path ? `${path}.${i}` : String(i), found, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const fault = textFault(k);
      if (fault) found.push({ field: path ? `${path}.<key>` : '<key>', message: fault });
      textFaults(v, path ? `${path}.${k}` : k, found, depth + 1);
    }
  }
  return found;
}

/**
 * Strict: unknown fields are an error, types are converted only where the DTO says so, and no
 * string reaches the database with a NUL character or a lone surrogate in it (any field, any DTO).
 */
@Injectable()
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Every single-resource route has it: checked directly, the same rule as its @IsUUID().
    if (metadata.metatype === IdParam && metadata.type === 'param') return idParam(value);
    if (metadata.type !== 'custom') {
      const faults = textFaults(value, metadata.type === 'body' ? '' : (metadata.data ?? ''), []);
      if (faults.length) {
        throw new AppError(
          'validation_failed',
          'Text may not contain the NUL character or a lone surrogate',
          faults,
        );
      }
    }
    return super.transform(value, metadata);
  }
}

function idParam(value: unknown): IdParam {
  const { id, ...rest } = (value ?? {}) as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (typeof id === 'string' && isUUID(id) && !extra.length)
    return Object.assign(new IdParam(), { id });
  const errors: FieldError[] = extra.map((field) => ({
    field,
    message: `property ${field} should not exist`,
  }));
  if (!(typeof id === 'string' && isUUID(id)))
    errors.unshift({ field: 'id', message: 'id must be a UUID' });
  throw new AppError('validation_failed', 'The request has invalid fields', errors);
}

export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new AppError('validation_failed', 'The request has invalid fields', flatten(errors)),
  });
}
