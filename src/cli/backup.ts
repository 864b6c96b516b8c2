import { makeBackup } from '../backup/make-backup';
import { storageConfigFromEnv } from '../config/app-config';
import { BucketObjects } from '../storage/bucket-objects';
import { print, runCli, stringArg } from './cli-runner';

/**
 * `backup -- --out DIR`: the database in one consistent snapshot and every object of the bucket,
 * with a manifest of their SHA-256, into a new directory. Safe while the system runs.
 */
runCli(async (dataSource, args) => {
  const out = stringArg(args, 'out');
  const objects = BucketObjects.fromSettings(storageConfigFromEnv());
  try {
    const summary = await makeBackup(dataSource, objects, out);
    print({ msg: 'backup written', ...summary });
    if (summary.missingObjects.length)
      console.error(
        `${summary.missingObjects.length} footage records had no object in the bucket when it was copied (listed in the manifest)`,
      );
  } finally {
    objects.close();
  }
});
