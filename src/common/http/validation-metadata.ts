import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

let installed = false;

/**
 * class-validator works out a class's rules again on every `validate()`, and to find inherited
 * ones it tests the class against every class that has rules (typestack/class-validator#2686):
 * with this app's few hundred DTOs that scan was most of the validation of a nested body. The
 * answer only changes when rules are registered (decorators run as classes load), so it is kept
 * per class and set of options, and forgotten whenever a rule is added. Installed once per
 * process, on class-validator's one metadata storage.
 */
export function cacheValidationMetadata(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  let known = new WeakMap<object, Map<string, ValidationMetadata[]>>();

  storage.addValidationMetadata = (metadata) => {
    known = new WeakMap();
    addRule(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let byOptions = known.get(target);
    if (!byOptions) known.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };
}
