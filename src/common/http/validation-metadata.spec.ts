import { IsInt, IsNotEmpty, IsString, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata';

cacheValidationMetadata();

class Named {
  @IsString()
  name: unknown;
}

class Counted extends Named {
  @IsInt()
  count: unknown;

  extra: unknown;
}

const failing = (target: object) =>
  validateSync(target)
    .map((error) => error.property)
    .sort();

describe('cacheValidationMetadata', () => {
  it('keeps finding inherited rules, call after call', () => {
    const counted = Object.assign(new Counted(), { name: 1, count: 'x' });
    expect(failing(counted)).toEqual(['count', 'name']);
    expect(failing(counted)).toEqual(['count', 'name']);
    expect(failing(Object.assign(new Named(), { name: 2 }))).toEqual(['name']);
  });

  it('sees a rule registered after a class was first validated', () => {
    const counted = Object.assign(new Counted(), { name: 'n', count: 1, extra: '' });
    expect(failing(counted)).toEqual([]);
    IsNotEmpty()(Counted.prototype, 'extra');
    expect(failing(counted)).toEqual(['extra']);
  });
});
