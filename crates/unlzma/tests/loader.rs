//! The page's loader (static/unlzma.js) turns the decoder's error numbers into sentences
//! with a list of its own: it must say what [`Error::message`] says, number for number.

use unlzma::Error;

#[test]
fn the_loader_names_each_error_as_the_decoder_does() {
    let js = include_str!("../../../static/unlzma.js");
    let list = js.split("const MESSAGES = [").nth(1).and_then(|rest| rest.split("];").next()).expect("static/unlzma.js has its MESSAGES list");
    let loader: Vec<&str> = list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| s.trim_matches('\'')).collect();
    let decoder: Vec<&str> = std::iter::once("").chain(Error::ALL.iter().map(|e| e.message())).collect();
    assert_eq!(loader, decoder);
    for (i, e) in Error::ALL.iter().enumerate() {
        assert_eq!(*e as usize, i + 1, "{e:?} is number {}", i + 1);
    }
}
