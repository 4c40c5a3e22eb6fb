import { catalog } from '../catalog';

/** The texts of the `administration` pages (issue 16). */
export default catalog({
  en: {
    title: 'administration',
  },
  ja: {
    title: 'administration',
  },
});
