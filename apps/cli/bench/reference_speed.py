#!/usr/bin/python3
"""The authors' reference code (../shared/reference/src), timed like `rrnn bench` times rrnn.

Usage: /usr/bin/python3 apps/cli/bench/reference_speed.py [threads] [steps] [burst] [reference-dir]

For each of the nine paper models (LSTM, GRU, RNN at r = 0, 0.5, 1; 3 x 200, embedding 200,
vocabulary 10,000, tied, dropout 0) prints one JSON line: tokens/s of full training steps
(forward, backward, clip 0.25, SGD momentum 0.9, weight decay 1e-6; batch 80, BPTT 35, as
../shared/reference/speed.py) and of evaluation windows (forward only, no grad, batch 80), and
both as the best of `steps` timed repetitions after three warm-up ones, the statistic `rrnn bench`
uses, and in its order: all nine models are built first and timed in rounds (per round `burst`
training steps of each back to back, then as many evaluation windows of each; default 3, as
`rrnn bench --burst`), so that drift in the machine's speed reaches every row alike. Needs Debian's python3-torch and libopenblas0-pthread. Nothing of the reference is copied:
its package is imported from reference-dir (default ../shared/reference beside the repository).
"""
import json, os, sys, time, types

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 8
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
burst = min(int(sys.argv[3]) if len(sys.argv) > 3 else 3, steps)
ref = sys.argv[4] if len(sys.argv) > 4 else os.path.join(root, '..', 'shared', 'reference')
sys.path.insert(0, os.path.join(ref, 'src'))
# the reference imports torchvision for image helpers the language model never calls
tv = types.ModuleType('torchvision'); tvu = types.ModuleType('torchvision.utils')
tvu.make_grid = tvu.save_image = lambda *a, **k: None; tv.utils = tvu
sys.modules['torchvision'] = tv; sys.modules['torchvision.utils'] = tvu
import torch
torch.set_num_threads(threads)
import config
config.init(); config.PARAM['device'] = 'cpu'
import models

B, T, V = 80, 35, 10000


def point(cell, rate):
    torch.manual_seed(0)
    config.PARAM.update(cell_name=cell, embedding_size=200, hidden_size=200, num_layer=5, sharing_rates=rate, dropout=0.0, tied=1)
    config.PARAM['vocab'] = list(range(V))
    m = models.basic()
    opt = torch.optim.SGD(m.parameters(), lr=1, momentum=0.9, weight_decay=1e-6)
    data = torch.randint(0, V, (T + 1, B))
    batch = {'line': data[:-1], 'symbol': data[1:].reshape(-1)}

    def train_step():
        m.train(True); m.zero_grad()
        m(batch)['loss'].backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 0.25); opt.step()

    def eval_window():
        m.train(False)
        with torch.no_grad():
            m(batch)['loss'].item()

    return train_step, eval_window


def seconds(fn):
    t = time.perf_counter(); fn(); return time.perf_counter() - t


points = [(cell, rate, *point(cell, rate)) for cell in ['LSTM', 'GRU', 'RNN'] for rate in [0.0, 0.5, 1.0]]
for _, _, train_step, eval_window in points:
    for _ in range(3): train_step()
    for _ in range(3): eval_window()
train = [[] for _ in points]
evaluate = [[] for _ in points]
for start in range(0, steps, burst):
    n = min(burst, steps - start)
    for i, p in enumerate(points): train[i].extend(seconds(p[2]) for _ in range(n))
    for i, p in enumerate(points): evaluate[i].extend(seconds(p[3]) for _ in range(n))
for i, (cell, rate, _, _) in enumerate(points):
    print(json.dumps({'impl': 'reference-pytorch', 'cell': cell.lower(), 'sharingRate': rate, 'threads': threads,
                      'tokensPerSecond': round(B * T / min(train[i]), 1), 'evalTokensPerSecond': round(B * T / min(evaluate[i]), 1),
                      'statistic': 'best of %d, in rounds of %d' % (steps, burst),
                      'trainSeconds': [round(x, 4) for x in train[i]], 'evalSeconds': [round(x, 4) for x in evaluate[i]]}), flush=True)
