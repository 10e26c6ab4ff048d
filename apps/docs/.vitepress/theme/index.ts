// The default VitePress theme plus the interactive components used in the pages. The components
// that need TensorFlow.js load asynchronously, so pages without them never download it.
import { defineAsyncComponent } from 'vue';
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('SharingExplorer', defineAsyncComponent(() => import('./components/SharingExplorer.vue')));
    app.component('ParameterTable', defineAsyncComponent(() => import('./components/ParameterTable.vue')));
    app.component('BackendBadge', defineAsyncComponent(() => import('./components/BackendBadge.vue')));
    app.component('TrainDemo', defineAsyncComponent(() => import('./components/TrainDemo.vue')));
    app.component('PredictDemo', defineAsyncComponent(() => import('./components/PredictDemo.vue')));
    app.component('SpeedPanel', defineAsyncComponent(() => import('./components/SpeedPanel.vue')));
  },
};
export default theme;
