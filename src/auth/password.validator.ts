import { registerDecorator, ValidationArguments } from 'class-validator';
import type { ValidationCode } from '../common/app-error';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULE_MESSAGES,
  passwordRuleBroken,
} from './password-policy';

/** The password policy on a DTO field: the 400 names the field and the rule it breaks. */
export function IsAcceptablePassword(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { context: { code: passwordCode } },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !passwordRuleBroken(value),
        defaultMessage: (args?: ValidationArguments) => {
          const rule = typeof args?.value === 'string' ? passwordRuleBroken(args.value) : null;
          return rule ? PASSWORD_RULE_MESSAGES[rule] : 'must be a string';
        },
      },
    });
}

function passwordCode(value: unknown): ValidationCode {
  const rule = typeof value === 'string' ? passwordRuleBroken(value) : null;
  return rule === 'too_short' || rule === 'too_long' ? rule : 'invalid';
}

/** How the policy reads in the API document. */
export const NEW_PASSWORD_DOC = {
  format: 'password',
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: `At least ${PASSWORD_MIN_LENGTH} characters, not one of the most common breached passwords`,
} as const;
