/** Tệp đính kèm — attachments' bytes (upload and download): what this module brings to the hub. */
import { attachmentRoutes } from './attachment.http.js';
import { defineModule } from '../module.js';

export const attachmentModule = defineModule({
  name: 'attachment',
  routes: [{ path: '/attachments', router: attachmentRoutes }],
});
