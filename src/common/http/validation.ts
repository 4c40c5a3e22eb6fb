import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppError, FieldError } from '../errors/app-error';
import { IdParam } from './id-param';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flatten(e.children ?? [], field));
  });
}

/** Paths of strings holding U+0000, which PostgreSQL refuses in text and jsonb. */
function nulPaths(value: unknown, path: string, found: string[], depth = 0): string[] {
  if (found.length >= 10 || depth > 32) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path || 'value');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, path ? `${path}.${i}` : String(i), found, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) found.push(path ? `${path}.<key>` : '<key>');
      nulPaths(v, path ? `${path}.${k}` : k, found, depth + 1);
    }
  }
  return found;
}

/**
 * Strict: unknown fields are an error, types are converted only where the DTO says so, and no
 * string reaches the database with a NUL character in it (any field, any DTO).
 */
@Injectable()
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Every single-resource route has it: checked directly, the same rule as its @IsUUID().
    if (metadata.metatype === IdParam && metadata.type === 'param') return idParam(value);
    if (metadata.type !== 'custom') {
      const paths = nulPaths(value, metadata.type === 'body' ? '' : (metadata.data ?? ''), []);
      if (paths.length) {
        throw new AppError(
          'validation_failed',
          'Text may not contain the NUL character',
          paths.map((field) => ({ field, message: 'contains U+0000' })),
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
