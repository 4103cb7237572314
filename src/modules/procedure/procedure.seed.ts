/** The demo catalog `npm start` gives its national sandbox's world. */
import type { PrismaClient } from '../../db/client.js';
import { importCatalogItem } from './procedure.jobs.js';

/**
 * The sandbox portal's catalog (LayThuTuc's answers), imported as the daily job imports the real
 * one, when the hub has no procedure yet: dossiers and payments work on a first start. A catalog
 * an administrator already keeps is left alone.
 */
export async function seedSandboxCatalog(prisma: PrismaClient, items: ReadonlyArray<Record<string, unknown>>) {
  if ((await prisma.procedure.count()) > 0) return 0;
  let imported = 0;
  for (const item of items) if ((await importCatalogItem(prisma, String(item['MATTHC']), item)).imported) imported++;
  return imported;
}
