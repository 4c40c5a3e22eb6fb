import { catalog } from '../catalog';

/** The texts of the `oversight` pages (issue 16). */
export default catalog({
  en: {
    title: 'oversight',
  },
  ja: {
    title: 'oversight',
  },
});
