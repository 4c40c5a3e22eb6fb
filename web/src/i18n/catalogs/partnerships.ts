import { catalog } from '../catalog';

export default catalog({
  en: {
    title: 'partnerships',
  },
  ja: {
    title: 'partnerships',
  },
});
