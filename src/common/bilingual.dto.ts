import { ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import type { Bilingual } from './bilingual';

const LANGUAGES = ['en', 'ja'] as const;

/**
 * One language of a `{en, ja}` text (SPEC §3): absent only when the other language is given,
 * otherwise a non-empty string of at most `maxLength` characters (code points, so an emoji
 * counts once). The text is stored as given: no trimming, no Unicode normalisation. NUL is
 * refused because PostgreSQL text and jsonb cannot hold it.
 */
function BilingualPart(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    const language = String(propertyName);
    const problem = ({ value, object }: ValidationArguments): string | null => {
      if (value === undefined) {
        const given = LANGUAGES.some((l) => (object as Record<string, unknown>)[l] !== undefined);
        return given ? null : 'at least one of en or ja is required';
      }
      if (typeof value !== 'string') return `${language} must be a string`;
      if (value.length === 0) return `${language} must not be empty`;
      if ([...value].length > maxLength) {
        return `${language} must be at most ${maxLength} characters`;
      }
      if (value.includes('\u0000')) return `${language} must not contain NUL`;
      return null;
    };
    registerDecorator({
      name: 'bilingualPart',
      target: target.constructor,
      propertyName: language,
      options: { ...options, message: (args) => problem(args) ?? '' },
      validator: { validate: (_value: unknown, args: ValidationArguments) => !problem(args) },
    });
  };
}

/**
 * Text in English and Japanese with at least one of them (titles, labels: ≤ 300 characters).
 * Use it nested: `@IsDefined() @IsObject() @ValidateNested() @Type(() => BilingualText)`.
 */
export class BilingualText implements Bilingual {
  @ApiPropertyOptional({ maxLength: 300, example: 'Sister-city exchange 2027' })
  @BilingualPart(300)
  en?: string;

  @ApiPropertyOptional({ maxLength: 300, example: '姉妹都市交流 2027' })
  @BilingualPart(300)
  ja?: string;
}

/** Longer bilingual text (summaries, descriptions: ≤ 5,000 characters), same rules. */
export class BilingualLongText implements Bilingual {
  @ApiPropertyOptional({ maxLength: 5000 })
  @BilingualPart(5000)
  en?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @BilingualPart(5000)
  ja?: string;
}

/** The plain `{en?, ja?}` to store: only the languages given, exactly as given. */
export function toBilingual(text: Bilingual): Bilingual {
  return {
    ...(text.en !== undefined ? { en: text.en } : {}),
    ...(text.ja !== undefined ? { ja: text.ja } : {}),
  };
}
