import { catalog } from '../catalog';

/** The texts of the `finance` pages (issue 16). */
export default catalog({
  en: {
    title: 'finance',
  },
  ja: {
    title: 'finance',
  },
});
