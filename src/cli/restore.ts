import { restoreBackup } from '../backup/restore-backup';
import { storageConfigFromEnv } from '../config/app-config';
import { BucketObjects } from '../storage/bucket-objects';
import { print, runCli, stringArg } from './cli-runner';

/**
 * `restore -- --from DIR`: a backup made by `backup`, into the empty database of DATABASE_URL and
 * the empty bucket of S3_BUCKET. Refuses anything else, and a backup whose files do not match its
 * manifest, before writing anything.
 */
runCli(async (dataSource, args) => {
  const from = stringArg(args, 'from');
  const objects = BucketObjects.fromSettings(storageConfigFromEnv());
  try {
    print({ msg: 'backup restored', ...(await restoreBackup(dataSource, objects, from)) });
  } finally {
    objects.close();
  }
});
