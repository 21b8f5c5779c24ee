//! Once a trainer is built, training steps and epochs allocate nothing:
//! every buffer was sized up front. A view's [`Probe`], once it has drawn a
//! grid, draws it again without allocating. A counting global allocator
//! checks both.

// The only unsafe code in the project: a global allocator must be an `unsafe impl`.
#![allow(unsafe_code)]

use nnplay_core::probe::Probe;
use nnplay_core::{Activation, DatasetKind, Optimizer, Rect, Trainer, TrainerConfig};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// True on the thread being measured: the test harness's other threads
    /// may allocate meanwhile (a race that once failed this test), and only
    /// the measured code's allocations count.
    static MEASURING: Cell<bool> = const { Cell::new(false) };
}

fn count() {
    if MEASURING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    MEASURING.with(|m| m.set(true));
    f();
    MEASURING.with(|m| m.set(false));
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

// One test function only: the counter is global, and tests run in parallel.
#[test]
fn training_and_grids_allocate_nothing_after_construction() {
    // The counter does count: a vector allocates once.
    assert_eq!(
        allocations_during(|| drop(std::hint::black_box(vec![1u8; 10]))),
        1
    );
    for (dataset, activation, optimizer) in [
        (DatasetKind::Spiral, Activation::Tanh, Optimizer::Adam),
        (DatasetKind::Spiral3, Activation::Relu, Optimizer::Momentum),
        (
            DatasetKind::RegressionGaussians,
            Activation::Sigmoid,
            Optimizer::Sgd,
        ),
    ] {
        let mut trainer = Trainer::new(TrainerConfig {
            dataset,
            points: 500,
            hidden_layers: vec![8, 8, 8],
            activation,
            optimizer,
            batch_size: 32,
            learning_rate: 0.01,
            ..TrainerConfig::default()
        })
        .expect("valid config");
        let rect = Rect::square(-6.0, 6.0);
        let mut grid = vec![0.0; 64 * 64 * trainer.outputs()];
        let mut neurons = vec![0.0; 64 * 64 * trainer.hidden_neurons()];
        let mut probe = Probe::default();
        let mut draw = |trainer: &Trainer| {
            probe
                .decision_grid_into(trainer, 64, &rect, &mut grid)
                .expect("grid");
            probe
                .neuron_grids_into(trainer, 64, &rect, &mut neurons)
                .expect("grids");
        };
        draw(&trainer);
        let count = allocations_during(|| {
            for _ in 0..5 {
                trainer.train_epoch().expect("network");
            }
            for _ in 0..100 {
                trainer.train_step().expect("network");
            }
            draw(&trainer);
        });
        assert_eq!(count, 0, "{dataset:?}: {count} allocations");
    }

    // A convolutional run on the digits: steps and epochs allocate nothing
    // either (the patches and their gradients live in reused buffers).
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/data/digits.u8.gz");
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(path).expect("the digits file")),
        &mut bytes,
    )
    .expect("gzip");
    let digits = nnplay_core::digits::Digits::from_bytes(&bytes).expect("digits");
    let mut trainer = Trainer::with_digits(
        TrainerConfig {
            dataset: DatasetKind::Digits,
            points: 300,
            layers: Some(vec![
                nnplay_core::LayerSpec::Conv2d {
                    filters: 4,
                    size: 3,
                    padding: nnplay_core::layer::Padding::Same,
                    activation: Some(Activation::Relu),
                },
                nnplay_core::LayerSpec::Pool2d(nnplay_core::layer::PoolMode::Max),
                nnplay_core::LayerSpec::Flatten,
            ]),
            optimizer: Optimizer::Adam,
            batch_size: 16,
            augment: true,
            ..TrainerConfig::default()
        },
        nnplay_core::Limits::default(),
        &digits,
    )
    .expect("valid config");
    trainer.train_epoch().expect("network");
    let count = allocations_during(|| {
        for _ in 0..3 {
            trainer.train_epoch().expect("network");
        }
        for _ in 0..50 {
            trainer.train_step().expect("network");
        }
    });
    assert_eq!(count, 0, "digits: {count} allocations");

    // Recurrent runs: backpropagation through time keeps its states, gates
    // and per-step gradients in reused buffers too.
    for (dataset, layer) in [
        (
            DatasetKind::Memory,
            nnplay_core::LayerSpec::Rnn { units: 8 },
        ),
        (DatasetKind::Sines, nnplay_core::LayerSpec::Gru { units: 8 }),
    ] {
        let mut trainer = Trainer::new(TrainerConfig {
            dataset,
            points: 300,
            steps: 12,
            layers: Some(vec![
                layer,
                nnplay_core::LayerSpec::dense(4, Activation::Tanh),
            ]),
            optimizer: Optimizer::Adam,
            batch_size: 16,
            ..TrainerConfig::default()
        })
        .expect("valid config");
        trainer.train_epoch().expect("network");
        let count = allocations_during(|| {
            for _ in 0..3 {
                trainer.train_epoch().expect("network");
            }
            for _ in 0..50 {
                trainer.train_step().expect("network");
            }
        });
        assert_eq!(count, 0, "{dataset:?}: {count} allocations");
    }
}
