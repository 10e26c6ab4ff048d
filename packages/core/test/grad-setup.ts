// tfjs-core alone registers no gradients; the tfjs-layers Node bundle registers all of them on the
// one tfjs-core instance (in apps, importing @rrnn/backend does the same).
import '@tensorflow/tfjs-layers';
