/** edXML — import and export of packages: what this module brings to the hub. */
import { EdxmlResolver } from './edxml.resolver.js';
import { defineModule } from '../module.js';

export const edxmlModule = defineModule({
  name: 'edxml',
  resolvers: [EdxmlResolver],
});
