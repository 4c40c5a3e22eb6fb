import { catalog } from '../catalog';

/** The texts of the `decisions` pages (issue 16). */
export default catalog({
  en: {
    title: 'decisions',
  },
  ja: {
    title: 'decisions',
  },
});
