//! Once a trainer is built, training steps and epochs allocate nothing:
//! every buffer was sized up front. A view's [`Probe`], once it has drawn a
//! grid, draws it again without allocating. A counting global allocator
//! checks both.

// The only unsafe code in the project: a global allocator must be an `unsafe impl`.
#![allow(unsafe_code)]

use nnplay_core::probe::Probe;
use nnplay_core::{Activation, DatasetKind, Optimizer, Rect, Trainer, TrainerConfig};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    f();
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
}
