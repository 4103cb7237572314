/** edXML — import and export of packages: what this module brings to the hub. */
import { EdxmlResolver } from './edxml.resolver.js';
import {
  axisPollHandler,
  axisSendDocumentHandler,
  axisSendStatusHandler,
  edxmlJobs,
  edxmlSchedules,
} from './edxml.jobs.js';
import { defineModule } from '../module.js';

export const edxmlModule = defineModule({
  name: 'edxml',
  resolvers: [EdxmlResolver],
  jobs: edxmlJobs,
  handlers: [axisSendDocumentHandler, axisSendStatusHandler, axisPollHandler],
  schedules: edxmlSchedules,
});
