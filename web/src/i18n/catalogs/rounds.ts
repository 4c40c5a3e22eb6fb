import { catalog } from '../catalog';

/** The texts of the `rounds` pages (issue 16). */
export default catalog({
  en: {
    title: 'rounds',
  },
  ja: {
    title: 'rounds',
  },
});
