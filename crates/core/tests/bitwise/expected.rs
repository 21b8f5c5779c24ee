//! Recorded from main at 5991fe9 (before issue 17's redesign).
use super::runs::Fingerprint;

pub const EXPECTED: &[(&str, Fingerprint)] = &[
    (
        "xor tanh adam",
        Fingerprint {
            steps: 2000,
            train_loss: 970709736,
            test_loss: 1038469829,
            loss_history: 3014939440190769277,
            gradient_history: 7655246432094160940,
            predictions: 6206444976538540453,
        },
    ),
    (
        "spiral 8-8-8",
        Fingerprint {
            steps: 2000,
            train_loss: 1059084702,
            test_loss: 1059978937,
            loss_history: 522683494937067277,
            gradient_history: 1309349673363424383,
            predictions: 4937017622597130317,
        },
    ),
    (
        "spiral3 relu he softmax",
        Fingerprint {
            steps: 2000,
            train_loss: 1061222986,
            test_loss: 1070639749,
            loss_history: 4710616751776962994,
            gradient_history: 13602816657024054756,
            predictions: 11460077051546518274,
        },
    ),
    (
        "deep sigmoid features normalize momentum",
        Fingerprint {
            steps: 2000,
            train_loss: 1006851008,
            test_loss: 1007234256,
            loss_history: 16103321582735980589,
            gradient_history: 5917585301464935074,
            predictions: 6600654729274445308,
        },
    ),
    (
        "regression l2",
        Fingerprint {
            steps: 2000,
            train_loss: 1032724280,
            test_loss: 1033147231,
            loss_history: 16125328082834647308,
            gradient_history: 2240793635270525830,
            predictions: 3656118627733205697,
        },
    ),
    (
        "moons l1 mse",
        Fingerprint {
            steps: 2000,
            train_loss: 1032209957,
            test_loss: 1037824869,
            loss_history: 503731446412063837,
            gradient_history: 14572112046543589725,
            predictions: 3091432643847927838,
        },
    ),
    (
        "gaussians batch 1 leaky relu mae",
        Fingerprint {
            steps: 20000,
            train_loss: 1009794622,
            test_loss: 998681712,
            loss_history: 13488910338762323598,
            gradient_history: 1710874444510720271,
            predictions: 14509931429204341242,
        },
    ),
    (
        "regression plane rmse batch 1",
        Fingerprint {
            steps: 10000,
            train_loss: 1033185269,
            test_loss: 1033673281,
            loss_history: 5458665881068038983,
            gradient_history: 10816813001591420600,
            predictions: 13554581442170616214,
        },
    ),
    (
        "xor table per-layer activations",
        Fingerprint {
            steps: 200,
            train_loss: 1007465641,
            test_loss: 1007465641,
            loss_history: 15597584071585124533,
            gradient_history: 8634186948042473656,
            predictions: 6959535394737000922,
        },
    ),
    (
        "spiral3 softmax mse no hidden layer",
        Fingerprint {
            steps: 800,
            train_loss: 1046343941,
            test_loss: 1046248019,
            loss_history: 322589115689106517,
            gradient_history: 2219139835239787439,
            predictions: 6425066384038277134,
        },
    ),
    (
        "perceptron gaussians overlapping",
        Fingerprint {
            steps: 1574,
            train_loss: 1036831949,
            test_loss: 1028443341,
            loss_history: 14370844139992453667,
            gradient_history: 14695981039346656037,
            predictions: 3013470749204866101,
        },
    ),
    (
        "perceptron xor table",
        Fingerprint {
            steps: 798,
            train_loss: 1061158912,
            test_loss: 1061158912,
            loss_history: 12068141594609613945,
            gradient_history: 14695981039346656037,
            predictions: 781785949930130920,
        },
    ),
];
