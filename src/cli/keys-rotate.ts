import { dataKeysFromEnv } from '../config/app-config';
import { FieldCipher } from '../privacy/field-cipher';
import { rotateKeys } from '../privacy/key-rotation';
import { intArg, print, runCli } from './cli-runner';

/**
 * `keys:rotate [-- --batch N]`: re-encrypts every stored value under the first key of
 * DATA_ENCRYPTION_KEYS, while the system runs. Prints one JSON line per table and pass, then the
 * totals; exit code 1 when values are left under an older key (run it again). Safe to repeat.
 */
runCli(async (dataSource, args) => {
  const cipher = new FieldCipher(dataKeysFromEnv());
  const result = await rotateKeys(
    dataSource,
    cipher,
    (count) => print({ msg: 'rotated', ...count }),
    {
      batch: Math.max(1, intArg(args, 'batch', 500)),
    },
  );
  print({ msg: 'keys rotated', currentKey: cipher.currentKeyId, ...result });
  return result.left === 0 ? 0 : 1;
});
